/** The database is prepared by `npm test` before Playwright starts; nothing else to do here. */
export default async function globalSetup() {}
