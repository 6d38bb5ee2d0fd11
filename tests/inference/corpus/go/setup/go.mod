module example.com/gosetup

go 1.21
