// Package nat has the shapes of go-connections/nat's port types (github.com/docker/go-connections,
// nat/nat.go): a named string key type, so a template's .field on a PortMap does not find a
// key (the key type is nat.Port, not string).
package nat

// Port is "80/tcp".
type Port string

// PortBinding is one host binding of a port.
type PortBinding struct {
	HostIP   string `json:"HostIp"`
	HostPort string
}

// PortMap maps a port to its bindings.
type PortMap map[Port][]PortBinding

// PortSet is a set of ports.
type PortSet map[Port]struct{}
