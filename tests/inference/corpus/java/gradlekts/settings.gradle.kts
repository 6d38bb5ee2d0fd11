// The Kotlin DSL, with a type-safe project accessor (projects.commonLib for ':common-lib').
rootProject.name = "corpus-gradlekts"
include(":stack", ":common-lib")
