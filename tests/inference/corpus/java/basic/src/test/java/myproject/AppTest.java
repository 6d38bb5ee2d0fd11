package myproject;

class AppTest {
    void test() { new com.pulumi.resources.StackReference("acme/cluster/prod"); }
}
