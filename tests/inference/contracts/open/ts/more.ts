export const more = { dbHost: "db.internal" };
