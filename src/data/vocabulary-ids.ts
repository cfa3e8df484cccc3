/** The two reserved token ids, shared by every vocabulary (and the model's `paddingIdx`). */
export const PAD_ID = 0;
export const UNK_ID = 1;
export const PAD_TOKEN = '<pad>';
export const UNK_TOKEN = '<unk>';
