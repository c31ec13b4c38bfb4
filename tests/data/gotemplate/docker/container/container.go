// Package container has the shapes of moby's api/types/container Config and HostConfig
// (a subset of the fields, v20.10 names and JSON tags).
package container

import (
	"dockerlinks.test/gotemplate/docker/nat"
	"dockerlinks.test/gotemplate/docker/strslice"
)

// NetworkMode is a named string ("bridge", "host", "container:<id>").
type NetworkMode string

// RestartPolicy is the restart policy.
type RestartPolicy struct {
	Name              string
	MaximumRetryCount int
}

// Config is the container's portable configuration.
type Config struct {
	Hostname     string
	Domainname   string
	User         string
	ExposedPorts nat.PortSet `json:",omitempty"`
	Tty          bool
	OpenStdin    bool
	Env          []string
	Cmd          strslice.StrSlice
	Image        string
	WorkingDir   string
	Entrypoint   strslice.StrSlice
	Labels       map[string]string
}

// HostConfig is the host-dependent configuration.
type HostConfig struct {
	Binds           []string
	NetworkMode     NetworkMode
	PortBindings    nat.PortMap
	RestartPolicy   RestartPolicy
	AutoRemove      bool
	Links           []string
	PublishAllPorts bool
}
