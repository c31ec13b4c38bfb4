"""The Engine API's routes: which handler a method and path name, and the version prefix.

What lives here: :data:`ROUTES` (the table), :func:`split_version` (``/v1.41/containers/json``
-> ``("1.41", "/containers/json")``) and :func:`match` (the handler's name and the path's
parameters, or the status of a miss).

Route table (moby v20.10.24 ``api/server/router/*/``, the subset the model answers;
``{id}`` is one path segment, ``{ref}`` a container reference and ``{name}`` an image
reference, both of which may hold ``/`` (moby's ``{name:.*}``: link names such as
``web/db`` name containers))::

    method   path                                handler
    -------  ----------------------------------  ----------------------
    GET      /_ping                              ping           (and HEAD)
    GET      /version                            version
    GET      /info                               info
    GET      /containers/json                    containers_list
    POST     /containers/create                  containers_create
    POST     /containers/prune                   containers_prune
    GET      /containers/{ref}/json              containers_inspect
    POST     /containers/{ref}/start             containers_start
    POST     /containers/{ref}/stop              containers_stop
    POST     /containers/{ref}/restart           containers_restart
    POST     /containers/{ref}/kill              containers_kill
    POST     /containers/{ref}/wait              containers_wait
    POST     /containers/{ref}/attach            containers_attach
    POST     /containers/{ref}/resize            containers_resize
    POST     /containers/{ref}/rename            containers_rename
    GET      /containers/{ref}/logs              containers_logs
    POST     /containers/{ref}/exec              exec_create
    DELETE   /containers/{ref}                   containers_remove
    POST     /exec/{id}/start                    exec_start
    POST     /exec/{id}/resize                   exec_resize
    GET      /exec/{id}/json                     exec_inspect
    GET      /images/json                        images_list
    POST     /images/create                      images_create
    GET      /images/{name}/json                 images_inspect
    GET      /networks                           networks_list
    POST     /networks/create                    networks_create
    POST     /networks/prune                     networks_prune
    GET      /networks/{id}                      networks_inspect
    POST     /networks/{id}/connect              networks_connect
    POST     /networks/{id}/disconnect           networks_disconnect
    DELETE   /networks/{id}                      networks_remove
    GET      /volumes                            volumes_list
    GET      /volumes/{name}                     volumes_inspect
    GET      /plugins/{name}/json                plugins_inspect

A path no route has is moby's ``404 page not found``; a path some route has, asked with
another method, is gorilla/mux's ``405``.

Version prefix (moby ``api/server/middleware/version.go``): ``/vX.Y`` in front of the path
selects the API version; without it the server's own applies.

What this module must not know: what a handler does, sockets, the engine.
"""

from __future__ import annotations

import re

__all__ = ["ROUTES", "match", "split_version"]

_ID = r"(?P<id>[^/]+)"
_CONTAINER = r"(?P<id>.+)"  # moby's {name:.*}: a link name (web/db) is a container's name
_NAME = r"(?P<name>.+)"

#: (method, path pattern, handler name), in the module docstring's order.
ROUTES: tuple[tuple[str, str, str], ...] = (
    ("GET", "/_ping", "ping"),
    ("HEAD", "/_ping", "ping"),
    ("GET", "/version", "version"),
    ("GET", "/info", "info"),
    ("GET", "/containers/json", "containers_list"),
    ("POST", "/containers/create", "containers_create"),
    ("POST", "/containers/prune", "containers_prune"),
    ("GET", f"/containers/{_CONTAINER}/json", "containers_inspect"),
    ("POST", f"/containers/{_CONTAINER}/start", "containers_start"),
    ("POST", f"/containers/{_CONTAINER}/stop", "containers_stop"),
    ("POST", f"/containers/{_CONTAINER}/restart", "containers_restart"),
    ("POST", f"/containers/{_CONTAINER}/kill", "containers_kill"),
    ("POST", f"/containers/{_CONTAINER}/wait", "containers_wait"),
    ("POST", f"/containers/{_CONTAINER}/attach", "containers_attach"),
    ("POST", f"/containers/{_CONTAINER}/resize", "containers_resize"),
    ("POST", f"/containers/{_CONTAINER}/rename", "containers_rename"),
    ("GET", f"/containers/{_CONTAINER}/logs", "containers_logs"),
    ("POST", f"/containers/{_CONTAINER}/exec", "exec_create"),
    ("DELETE", f"/containers/{_CONTAINER}", "containers_remove"),
    ("POST", f"/exec/{_ID}/start", "exec_start"),
    ("POST", f"/exec/{_ID}/resize", "exec_resize"),
    ("GET", f"/exec/{_ID}/json", "exec_inspect"),
    ("GET", "/images/json", "images_list"),
    ("POST", "/images/create", "images_create"),
    ("GET", f"/images/{_NAME}/json", "images_inspect"),
    ("GET", "/networks", "networks_list"),
    ("POST", "/networks/create", "networks_create"),
    ("POST", "/networks/prune", "networks_prune"),
    ("GET", f"/networks/{_ID}", "networks_inspect"),
    ("POST", f"/networks/{_ID}/connect", "networks_connect"),
    ("POST", f"/networks/{_ID}/disconnect", "networks_disconnect"),
    ("DELETE", f"/networks/{_ID}", "networks_remove"),
    ("GET", "/volumes", "volumes_list"),
    ("GET", f"/volumes/{_NAME}", "volumes_inspect"),
    ("GET", f"/plugins/{_NAME}/json", "plugins_inspect"),
)

_COMPILED = tuple((method, re.compile(pattern), name) for method, pattern, name in ROUTES)
_VERSION = re.compile(r"/v([0-9]+\.[0-9]+)(/.*)")


def split_version(path: str) -> tuple[str | None, str]:
    """The API version a path asks for (``None``: none given) and the path without it.

    >>> split_version("/v1.41/containers/json"), split_version("/_ping")
    (('1.41', '/containers/json'), (None, '/_ping'))
    """
    found = _VERSION.fullmatch(path)
    if found is None:
        return None, path
    return found[1], found[2]


def match(method: str, path: str) -> tuple[str, dict[str, str]] | int:
    """The handler and path parameters for ``method`` ``path``, or 404 / 405.

    A trailing ``/`` is not stripped (gorilla/mux without ``StrictSlash``).

    >>> match("GET", "/images/training/webapp/json")
    ('images_inspect', {'name': 'training/webapp'})
    >>> match("PUT", "/containers/json"), match("GET", "/nowhere")
    (405, 404)
    """
    other_method = False
    for route_method, pattern, name in _COMPILED:
        found = pattern.fullmatch(path)
        if found is None:
            continue
        if route_method == method:
            return name, found.groupdict()
        other_method = True
    return 405 if other_method else 404
