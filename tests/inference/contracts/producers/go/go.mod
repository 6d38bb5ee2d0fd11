module producers/go
