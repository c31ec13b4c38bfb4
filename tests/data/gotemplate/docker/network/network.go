// Package network has the shapes of moby's api/types/network types (v20.10 field names).
package network

// EndpointIPAMConfig is an endpoint's static address configuration.
type EndpointIPAMConfig struct {
	IPv4Address string `json:",omitempty"`
	IPv6Address string `json:",omitempty"`
}

// EndpointSettings is a container's endpoint on one network.
type EndpointSettings struct {
	IPAMConfig  *EndpointIPAMConfig
	Links       []string
	Aliases     []string
	NetworkID   string
	EndpointID  string
	Gateway     string
	IPAddress   string
	IPPrefixLen int
	MacAddress  string
	DriverOpts  map[string]string
}

// IPAMConfig is one pool of a network.
type IPAMConfig struct {
	Subnet     string            `json:",omitempty"`
	IPRange    string            `json:",omitempty"`
	Gateway    string            `json:",omitempty"`
	AuxAddress map[string]string `json:"AuxiliaryAddresses,omitempty"`
}

// IPAM is a network's address management.
type IPAM struct {
	Driver  string
	Options map[string]string
	Config  []IPAMConfig
}
