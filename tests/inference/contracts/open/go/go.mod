module open/go
