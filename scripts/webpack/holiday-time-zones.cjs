// A webpack loader for moment-timezone's data (`moment-timezone/data/packed/latest.json`, ~0.7 MB), which
// date-holidays pulls in: it keeps only the zones our holiday look-ups ask for. src/data/series-holidays.ts
// asks for every country's holidays in UTC (the days are read by the date as written, so the zone only sets
// each holiday's start/end instants, which we do not use); the rules name two more: equinoxes and solstices
// are found in GMT unless a rule names a zone, and one does ("june solstice in America/Santiago", Chile);
// Japan's name a fixed offset (+09:00), which needs no data. test/unit/data/series-holidays-bundle.test.ts
// checks every country's public holidays against the full data and that no zone is missing.
'use strict';

/** Zones kept (with the links that name them: UTC, GMT, …). */
const HOLIDAY_TIME_ZONES = ['Etc/UTC', 'Etc/GMT-0', 'America/Santiago'];

/** moment-timezone's packed data `{version, zones, links, countries}` cut down to HOLIDAY_TIME_ZONES. */
function holidayTimeZonePack(pack) {
  const kept = new Set(HOLIDAY_TIME_ZONES);
  return {
    version: pack.version,
    zones: pack.zones.filter((zone) => kept.has(zone.split('|')[0])),
    links: pack.links.filter((link) => kept.has(link.split('|')[0])),
    countries: [],
  };
}

module.exports = function holidayTimeZonesLoader(source) {
  return JSON.stringify(holidayTimeZonePack(JSON.parse(source)));
};
module.exports.HOLIDAY_TIME_ZONES = HOLIDAY_TIME_ZONES;
module.exports.holidayTimeZonePack = holidayTimeZonePack;
