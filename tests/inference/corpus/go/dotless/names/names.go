package names

const Database = "database"
