// Package formatter has the shape of the docker CLI's ps row context: a struct whose columns
// are methods (cli/command/formatter/container.go), handed to the template as a pointer.
package formatter

// Summary is the row data (the recorder's own fields, already formatted as the CLI would).
type Summary struct {
	ID       string
	Names    string
	Image    string
	Command  string
	Status   string
	State    string
	Ports    string
	Networks string
	Labels   map[string]string
}

// ContainerContext is one row; its exported methods are the template's columns.
type ContainerContext struct {
	trunc bool
	c     Summary
}

// New returns the row context of s.
func New(s Summary) *ContainerContext { return &ContainerContext{trunc: true, c: s} }

// ID is the column .ID.
func (c *ContainerContext) ID() string { return c.c.ID }

// Names is the column .Names.
func (c *ContainerContext) Names() string { return c.c.Names }

// Image is the column .Image.
func (c *ContainerContext) Image() string { return c.c.Image }

// Command is the column .Command.
func (c *ContainerContext) Command() string { return c.c.Command }

// Status is the column .Status.
func (c *ContainerContext) Status() string { return c.c.Status }

// State is the column .State.
func (c *ContainerContext) State() string { return c.c.State }

// Ports is the column .Ports.
func (c *ContainerContext) Ports() string { return c.c.Ports }

// Networks is the column .Networks.
func (c *ContainerContext) Networks() string { return c.c.Networks }

// Label is the column .Label "name".
func (c *ContainerContext) Label(name string) string { return c.c.Labels[name] }
