dependencies {
    implementation("com.pulumi:pulumi:0.9.9")
    implementation(projects.commonLib)
}
