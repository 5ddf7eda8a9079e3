package check

// stateGraph is the state graph a breadth-first search explores, kept only when something needs
// more than the distinct states and their shortest-path parents: the dot dump (Options.Dot)
// today, and checking liveness PROPERTIES, which TLC does on the graph of every step between
// stored states (its behavior graph), once that is built. The nodes are the searcher's nodes;
// edges are recorded in the order one worker generates them, also with several workers (see
// searcher.level), so the graph is the same with any number of workers.
type stateGraph struct {
	edges []edge
}

// edge is a step of the state graph: from one fingerprint to another by an action. Every
// generated step within the constraints is recorded, including those reaching a state found
// before.
type edge struct {
	from, to uint64
	action   int32
}
