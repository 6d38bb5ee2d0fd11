import { databaseRef } from "../shared/stack-refs";

// Imported from the folder of the project that holds this one: its sites are this program's.
export const db = databaseRef("prod");
