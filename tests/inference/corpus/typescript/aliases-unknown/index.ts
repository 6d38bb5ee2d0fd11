// An alias with no tsconfig mapping: which modules run is not known, so every module counts.
import { database } from "@/lib/database";

export const db = database;
