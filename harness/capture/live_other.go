//go:build !linux

package capture

import (
	"fmt"
	"runtime"
)

// Live captures packets on an interface. It needs Linux's packet sockets (AF_PACKET); on
// other systems capture with tcpdump using Ports.TCPDumpExpression and decode the file.
func Live(opts LiveOptions) (LiveStats, error) {
	return LiveStats{}, fmt.Errorf("capture: live capture needs Linux packet sockets (this is %s); capture with tcpdump -w FILE '%s' and decode the file", runtime.GOOS, opts.Ports.TCPDumpExpression())
}
