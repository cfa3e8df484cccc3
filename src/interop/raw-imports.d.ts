/** `import text from './file.py?raw'`: the file's text (webpack `asset/source` for `?raw`; Vite/vitest natively). */
declare module '*?raw' {
  const text: string;
  export default text;
}
