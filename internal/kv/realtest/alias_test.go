package realtest

import "github.com/anishathalye/porcupine"

type porcupineOp = porcupine.Operation
