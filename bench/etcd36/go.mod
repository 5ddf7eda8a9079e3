module github.com/dsref/dsref/bench/etcd36

go 1.26.0

require (
	github.com/dsref/dsref v0.0.0-00010101000000-000000000000
	github.com/dsref/dsref/bench/raftcores v0.0.0-00010101000000-000000000000
	go.etcd.io/raft/v3 v3.6.0
)

require (
	github.com/armon/go-metrics v0.4.1 // indirect
	github.com/fatih/color v1.13.0 // indirect
	github.com/gogo/protobuf v1.3.2 // indirect
	github.com/golang/protobuf v1.5.4 // indirect
	github.com/hashicorp/go-hclog v1.6.2 // indirect
	github.com/hashicorp/go-immutable-radix v1.0.0 // indirect
	github.com/hashicorp/go-metrics v0.5.4 // indirect
	github.com/hashicorp/go-msgpack/v2 v2.1.2 // indirect
	github.com/hashicorp/golang-lru v0.5.0 // indirect
	github.com/hashicorp/raft v1.7.2 // indirect
	github.com/mattn/go-colorable v0.1.12 // indirect
	github.com/mattn/go-isatty v0.0.14 // indirect
	golang.org/x/sys v0.45.0 // indirect
	google.golang.org/protobuf v1.33.0 // indirect
)

replace github.com/dsref/dsref => ../..

replace github.com/dsref/dsref/bench/raftcores => ../raftcores
