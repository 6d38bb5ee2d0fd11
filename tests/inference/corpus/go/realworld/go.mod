module example.com/acme/go-realworld

go 1.22
