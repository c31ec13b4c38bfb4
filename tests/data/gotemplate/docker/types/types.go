// Package types has the shapes of moby's api/types inspect responses (v20.10 names: the
// embedded *ContainerJSONBase, the embedded NetworkSettingsBase and DefaultNetworkSettings).
package types

import (
	"time"

	"dockerlinks.test/gotemplate/docker/container"
	"dockerlinks.test/gotemplate/docker/nat"
	"dockerlinks.test/gotemplate/docker/network"
)

// Health is a container's health state.
type Health struct {
	Status        string
	FailingStreak int
}

// ContainerState is the state of a container.
type ContainerState struct {
	Status     string
	Running    bool
	Paused     bool
	Restarting bool
	OOMKilled  bool
	Dead       bool
	Pid        int
	ExitCode   int
	Error      string
	StartedAt  string
	FinishedAt string
	Health     *Health `json:",omitempty"`
}

// ContainerJSONBase is the base of a container's inspect document.
type ContainerJSONBase struct {
	ID           string `json:"Id"`
	Created      string
	Path         string
	Args         []string
	State        *ContainerState
	Image        string
	Name         string
	RestartCount int
	HostConfig   *container.HostConfig
	SizeRw       *int64 `json:",omitempty"`
}

// MountPoint is a mount of a container.
type MountPoint struct {
	Type        string `json:",omitempty"`
	Source      string
	Destination string
	RW          bool
}

// NetworkSettingsBase holds the basic network settings.
type NetworkSettingsBase struct {
	Bridge      string
	SandboxID   string
	HairpinMode bool
	Ports       nat.PortMap
	SandboxKey  string
}

// DefaultNetworkSettings holds the settings of the default network.
type DefaultNetworkSettings struct {
	EndpointID  string
	Gateway     string
	IPAddress   string
	IPPrefixLen int
	MacAddress  string
}

// NetworkSettings is the network part of the inspect document.
type NetworkSettings struct {
	NetworkSettingsBase
	DefaultNetworkSettings
	Networks map[string]*network.EndpointSettings
}

// ContainerJSON is a container's inspect document.
type ContainerJSON struct {
	*ContainerJSONBase
	Mounts          []MountPoint
	Config          *container.Config
	NetworkSettings *NetworkSettings
}

// EndpointResource is a container's endpoint in a network's inspect document.
type EndpointResource struct {
	Name        string
	EndpointID  string
	MacAddress  string
	IPv4Address string
	IPv6Address string
}

// NetworkResource is a network's inspect document.
type NetworkResource struct {
	Name       string
	ID         string `json:"Id"`
	Created    time.Time
	Scope      string
	Driver     string
	EnableIPv6 bool
	IPAM       network.IPAM
	Internal   bool
	Attachable bool
	Containers map[string]EndpointResource
	Options    map[string]string
	Labels     map[string]string
}
