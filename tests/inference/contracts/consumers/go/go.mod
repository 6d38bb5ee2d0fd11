module consumers/go
