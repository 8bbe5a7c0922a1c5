#!/usr/bin/python3
"""A Neutron stand-in for the OpenStack test peer: the part of the networking v2.0 API that Nova's fake-driver
boots and the machine-api OpenStack provider use. Python standard library only; state in memory.

Seeded: a shared network `private` (subnet `private-subnet`, 10.0.0.0/24), a network `storage` (subnet
`storage-subnet`, 10.1.0.0/24, both tagged `storage`), and the security groups `default` and `machine-api-workers`
of the project given with --project-id. Any other project gets its own `default` group on its first request, as
with Neutron.

Callers are identified as Neutron does it, by their Keystone token (validated once against Keystone, then cached):
a non-admin caller sees its own project's resources and shared networks (with their subnets); an admin sees
everything. A request without a token is treated as an admin of --project-id (handy with curl).

Beyond the listed calls a real Neutron's refusals that a client's ordering depends on are kept: a port that is the
parent of a trunk cannot be deleted (409 PortInUseAsTrunkParent), a trunk whose parent port is bound to a server
cannot be deleted (409 TrunkInUse), an IP address can be allocated once (409 IpAddressAlreadyAllocated).

Every request is logged as one line "TIME METHOD PATH STATUS" (path with its query) to --log.

Usage: fake_neutron.py --port 9696 --keystone http://127.0.0.1:5000/v3 --project-id ID --log FILE
"""
import argparse
import copy
import datetime
import ipaddress
import json
import random
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SEED_NAMESPACE = uuid.UUID("6f1d2d8e-3c2a-4b1e-9a52-0d7a1f0b5e11")
EXTENSIONS = [
    ("trunk", "Trunk Extension", "Provides support for trunk ports"),
    ("security-group", "security-group", "The security groups extension."),
    ("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"),
    ("port-security", "Port Security", "Provides port security"),
    ("standard-attr-tag", "Tag support for resources with standard attribute",
     "Enables to set tag on resources with standard attribute."),
    ("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
]
# Collections that take tags through /v2.0/{collection}/{id}/tags.
TAGGABLE = ("networks", "subnets", "ports", "security-groups", "trunks")
RESERVED_QUERY = {"fields", "limit", "marker", "sort_key", "sort_dir", "page_reverse"}


class ApiError(Exception):
    def __init__(self, status, kind, message):
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def seeded_id(kind, name):
    return str(uuid.uuid5(SEED_NAMESPACE, kind + "/" + name))


def as_list(value):
    return value if isinstance(value, list) else [value]


class Caller:
    def __init__(self, project_id, admin):
        self.project_id, self.admin = project_id, admin


class Keystone:
    """Resolves a token to its project and roles with GET /v3/auth/tokens (a token may validate itself)."""

    def __init__(self, url):
        self.url = url.rstrip("/")
        self.cache = {}
        self.lock = threading.Lock()

    def resolve(self, token):
        with self.lock:
            hit = self.cache.get(token)
            if hit and hit[1] > time.monotonic():
                return hit[0]
        request = urllib.request.Request(self.url + "/auth/tokens",
                                         headers={"X-Auth-Token": token, "X-Subject-Token": token})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = json.load(response)["token"]
        except urllib.error.HTTPError as e:
            if e.code in (401, 403, 404):
                raise ApiError(401, "HTTPUnauthorized", "The request you have made requires authentication.")
            raise ApiError(503, "ServiceUnavailable", "Keystone answered %d validating a token" % e.code)
        except OSError as e:
            raise ApiError(503, "ServiceUnavailable", "Keystone unreachable: %s" % e)
        project = (body.get("project") or {}).get("id")
        roles = {role["name"] for role in body.get("roles", [])}
        caller = Caller(project, "admin" in roles)
        with self.lock:
            self.cache[token] = (caller, time.monotonic() + 300)
        return caller


class Store:
    def __init__(self, project_id):
        self.lock = threading.RLock()
        self.default_project = project_id
        self.res = {name: {} for name in TAGGABLE}
        self.used_ips = {}  # subnet id -> set of addresses
        self.macs = set()
        self.add_network("private", "10.0.0.0/24", shared=True, tags=[], subnet_name="private-subnet")
        self.add_network("storage", "10.1.0.0/24", shared=False, tags=["storage"], subnet_name="storage-subnet")
        self.ensure_default_group(project_id)
        self.add_security_group("machine-api-workers", project_id, "Machine API worker nodes",
                                sid=seeded_id("security-group", "machine-api-workers"))

    # ---- seeding -------------------------------------------------------------------------------------------
    def standard(self, obj, project_id, tags=None):
        stamp = now()
        obj.update({"tenant_id": project_id, "project_id": project_id, "tags": list(tags or []),
                    "created_at": stamp, "updated_at": stamp, "revision_number": 0})
        obj.setdefault("description", "")
        return obj

    def add_network(self, name, cidr, shared, tags, subnet_name):
        net_id, subnet_id = seeded_id("network", name), seeded_id("subnet", subnet_name)
        net = self.standard({
            "id": net_id, "name": name, "admin_state_up": True, "status": "ACTIVE", "shared": shared,
            "subnets": [subnet_id], "mtu": 1450, "port_security_enabled": True, "router:external": False,
            "availability_zone_hints": [], "availability_zones": ["nova"], "ipv4_address_scope": None,
            "ipv6_address_scope": None, "is_default": False, "l2_adjacency": True,
            "provider:network_type": "vxlan", "provider:physical_network": None,
            "provider:segmentation_id": 100 + len(self.res["networks"])}, self.default_project, tags)
        network = ipaddress.ip_network(cidr)
        hosts = list(network.hosts())
        subnet = self.standard({
            "id": subnet_id, "name": subnet_name, "network_id": net_id, "cidr": cidr, "ip_version": 4,
            "gateway_ip": str(hosts[0]), "enable_dhcp": True, "dns_nameservers": [], "host_routes": [],
            "allocation_pools": [{"start": str(hosts[1]), "end": str(hosts[-1])}], "ipv6_ra_mode": None,
            "ipv6_address_mode": None, "subnetpool_id": None, "service_types": [], "dns_publish_fixed_ip": False,
            "segment_id": None}, self.default_project, tags)
        self.res["networks"][net_id] = net
        self.res["subnets"][subnet_id] = subnet
        self.used_ips[subnet_id] = {str(hosts[0])}

    def add_security_group(self, name, project_id, description, sid=None):
        sid = sid or str(uuid.uuid4())
        rules = [{"id": str(uuid.uuid4()), "direction": "egress", "ethertype": ethertype, "protocol": None,
                  "port_range_min": None, "port_range_max": None, "remote_ip_prefix": None,
                  "remote_group_id": None, "security_group_id": sid, "tenant_id": project_id,
                  "project_id": project_id, "description": ""} for ethertype in ("IPv4", "IPv6")]
        group = self.standard({"id": sid, "name": name, "security_group_rules": rules, "stateful": True,
                               "description": description}, project_id)
        self.res["security-groups"][sid] = group
        return group

    def ensure_default_group(self, project_id):
        if not project_id:
            return
        for group in self.res["security-groups"].values():
            if group["name"] == "default" and group["project_id"] == project_id:
                return
        sid = seeded_id("security-group", "default") if project_id == self.default_project else None
        self.add_security_group("default", project_id, "Default security group", sid=sid)

    # ---- visibility and lookup -----------------------------------------------------------------------------
    def visible(self, collection, obj, caller):
        if caller.admin or obj.get("project_id") == caller.project_id:
            return True
        if collection == "networks":
            return obj.get("shared", False)
        if collection == "subnets":
            net = self.res["networks"].get(obj["network_id"])
            return bool(net and net.get("shared"))
        return False

    def get(self, collection, rid, caller, kind):
        obj = self.res[collection].get(rid)
        if obj is None or not self.visible(collection, obj, caller):
            raise ApiError(404, kind + "NotFound", "%s %s could not be found." % (kind, rid))
        return obj

    # ---- addresses -----------------------------------------------------------------------------------------
    def new_mac(self):
        while True:
            mac = "fa:16:3e:%02x:%02x:%02x" % tuple(random.randrange(256) for _ in range(3))
            if mac not in self.macs:
                self.macs.add(mac)
                return mac

    def allocate(self, network_id, requested):
        subnets = [s for s in self.res["subnets"].values() if s["network_id"] == network_id]
        if not requested:
            if not subnets:
                return []
            requested = [{"subnet_id": subnets[0]["id"]}]
        result = []
        try:
            for want in requested:
                subnet = self.subnet_for(want, subnets)
                used = self.used_ips[subnet["id"]]
                address = want.get("ip_address")
                if address:
                    if ipaddress.ip_address(address) not in ipaddress.ip_network(subnet["cidr"]):
                        raise ApiError(400, "InvalidIpForSubnet",
                                       "IP address %s is not a valid IP for the specified subnet." % address)
                    if address in used:
                        raise ApiError(409, "IpAddressAlreadyAllocated",
                                       "IP address %s already allocated in subnet %s" % (address, subnet["id"]))
                else:
                    address = next((str(h) for h in list(ipaddress.ip_network(subnet["cidr"]).hosts())[9:]
                                    if str(h) not in used), None)
                    if address is None:
                        raise ApiError(409, "IpAddressGenerationFailure",
                                       "No more IP addresses available on network %s." % network_id)
                used.add(address)
                result.append({"subnet_id": subnet["id"], "ip_address": address})
        except ApiError:
            self.release(result)
            raise
        return result

    def subnet_for(self, want, subnets):
        if want.get("subnet_id"):
            for subnet in subnets:
                if subnet["id"] == want["subnet_id"]:
                    return subnet
            raise ApiError(400, "InvalidInput", "Invalid input for operation: subnet %s is not on the network."
                           % want["subnet_id"])
        if want.get("ip_address"):
            for subnet in subnets:
                if ipaddress.ip_address(want["ip_address"]) in ipaddress.ip_network(subnet["cidr"]):
                    return subnet
            raise ApiError(400, "InvalidIpForNetwork",
                           "IP address %s is not a valid IP for any of the subnets on the specified network."
                           % want["ip_address"])
        raise ApiError(400, "InvalidInput", "Invalid input for operation: fixed_ips needs subnet_id or ip_address.")

    def release(self, fixed_ips):
        for ip in fixed_ips:
            self.used_ips.get(ip["subnet_id"], set()).discard(ip["ip_address"])

    # ---- ports ---------------------------------------------------------------------------------------------
    def create_port(self, body, caller):
        if not isinstance(body, dict) or not body.get("network_id"):
            raise ApiError(400, "BadRequest", "Bad port request: network_id is required.")
        network = self.get("networks", body["network_id"], caller, "Network")
        project = body.get("project_id") or body.get("tenant_id") or caller.project_id or self.default_project
        self.ensure_default_group(project)
        port_security = body.get("port_security_enabled", network["port_security_enabled"])
        if "security_groups" in body and body["security_groups"] is not None:
            groups = list(body["security_groups"])
        elif port_security:
            groups = [g["id"] for g in self.res["security-groups"].values()
                      if g["name"] == "default" and g["project_id"] == project]
        else:
            groups = []
        self.check_port_security(port_security, groups, body.get("allowed_address_pairs") or [], caller)
        port_id = str(uuid.uuid4())
        mac = body.get("mac_address") or self.new_mac()
        self.macs.add(mac)
        fixed_ips = self.allocate(network["id"], body.get("fixed_ips"))
        port = self.standard({
            "id": port_id, "name": body.get("name", ""), "network_id": network["id"], "mac_address": mac,
            "admin_state_up": body.get("admin_state_up", True), "status": "ACTIVE",
            "device_id": body.get("device_id", ""), "device_owner": body.get("device_owner", ""),
            "fixed_ips": fixed_ips, "security_groups": groups,
            "allowed_address_pairs": self.address_pairs(body.get("allowed_address_pairs") or [], mac),
            "port_security_enabled": port_security, "binding:vif_type": "ovs",
            "binding:vnic_type": body.get("binding:vnic_type", "normal"),
            "binding:vif_details": {"port_filter": True, "connectivity": "l2", "ovs_hybrid_plug": False,
                                    "datapath_type": "system", "bridge_name": "br-int"},
            "binding:host_id": body.get("binding:host_id", ""), "binding:profile": body.get("binding:profile", {}),
            "extra_dhcp_opts": [], "propagate_uplink_status": False, "description": body.get("description", ""),
        }, project, body.get("tags"))
        self.res["ports"][port_id] = port
        return port

    def check_port_security(self, enabled, groups, pairs, caller):
        if not enabled and groups:
            raise ApiError(409, "PortSecurityAndIPRequiredForSecurityGroups",
                           "Port security must be enabled and port must have an IP address in order to use "
                           "security groups.")
        if not enabled and pairs:
            raise ApiError(409, "AddressPairAndPortSecurityRequired",
                           "Port Security must be enabled in order to have allowed address pairs on a port.")
        for gid in groups:
            self.get("security-groups", gid, caller, "SecurityGroup")

    @staticmethod
    def address_pairs(pairs, mac):
        return [{"ip_address": p["ip_address"], "mac_address": p.get("mac_address") or mac} for p in pairs]

    def update_port(self, port, body, caller):
        if not isinstance(body, dict):
            raise ApiError(400, "BadRequest", "Bad port request: a port object is required.")
        enabled = body.get("port_security_enabled", port["port_security_enabled"])
        groups = (body["security_groups"] if "security_groups" in body else port["security_groups"]) or []
        pairs = body.get("allowed_address_pairs", port["allowed_address_pairs"]) or []
        self.check_port_security(enabled, groups, pairs, caller)
        if "fixed_ips" in body:
            self.release(port["fixed_ips"])
            try:
                port["fixed_ips"] = self.allocate(port["network_id"], body["fixed_ips"])
            except ApiError:
                self.allocate(port["network_id"], port["fixed_ips"])
                raise
        for key, value in body.items():
            if key in ("id", "network_id", "tenant_id", "project_id", "fixed_ips", "mac_address", "status"):
                continue
            if key == "allowed_address_pairs":
                value = self.address_pairs(value or [], port["mac_address"])
            if key == "security_groups":
                value = groups
            if key in ("binding:host_id", "device_id", "device_owner") and value is None:
                value = ""
            if key == "binding:profile" and value is None:
                value = {}
            port[key] = value
        port["revision_number"] += 1
        port["updated_at"] = now()
        return port

    def delete_port(self, port):
        for trunk in self.res["trunks"].values():
            if trunk["port_id"] == port["id"]:
                raise ApiError(409, "PortInUseAsTrunkParent",
                               "Port %s is currently a parent port for trunk %s." % (port["id"], trunk["id"]))
            if any(sub["port_id"] == port["id"] for sub in trunk["sub_ports"]):
                raise ApiError(409, "PortInUseAsSubPort",
                               "Port %s is currently a subport for trunk %s." % (port["id"], trunk["id"]))
        self.release(port["fixed_ips"])
        self.macs.discard(port["mac_address"])
        del self.res["ports"][port["id"]]

    def with_trunk_details(self, port):
        for trunk in self.res["trunks"].values():
            if trunk["port_id"] == port["id"]:
                shown = dict(port)
                shown["trunk_details"] = {"trunk_id": trunk["id"], "sub_ports": [
                    dict(sub, mac_address=self.res["ports"].get(sub["port_id"], {}).get("mac_address"))
                    for sub in trunk["sub_ports"]]}
                return shown
        return port

    # ---- trunks --------------------------------------------------------------------------------------------
    def create_trunk(self, body, caller):
        if not isinstance(body, dict) or not body.get("port_id"):
            raise ApiError(400, "BadRequest", "Bad trunk request: port_id is required.")
        parent = self.get("ports", body["port_id"], caller, "Port")
        if any(t["port_id"] == parent["id"] for t in self.res["trunks"].values()):
            raise ApiError(409, "TrunkPortInUse", "Port %s is in use by another trunk." % parent["id"])
        trunk_id = str(uuid.uuid4())
        trunk = self.standard({"id": trunk_id, "name": body.get("name", ""), "port_id": parent["id"],
                               "admin_state_up": body.get("admin_state_up", True), "status": "ACTIVE",
                               "sub_ports": [], "description": body.get("description", "")},
                              parent["project_id"], body.get("tags"))
        self.add_subports(trunk, body.get("sub_ports") or [], caller)
        self.res["trunks"][trunk_id] = trunk
        return trunk

    def add_subports(self, trunk, subports, caller):
        for sub in subports:
            port = self.get("ports", sub.get("port_id"), caller, "Port")
            trunk["sub_ports"].append({"port_id": port["id"],
                                       "segmentation_type": sub.get("segmentation_type", "vlan"),
                                       "segmentation_id": sub.get("segmentation_id")})

    def delete_trunk(self, trunk):
        parent = self.res["ports"].get(trunk["port_id"])
        if parent and parent.get("device_id"):
            raise ApiError(409, "TrunkInUse", "Trunk %s is currently in use." % trunk["id"])
        del self.res["trunks"][trunk["id"]]


def matches(obj, filters):
    for key, wanted in filters.items():
        values = [v for item in wanted for v in item.split(",")] if key.endswith("tags") or "tags-" in key else wanted
        tags = set(obj.get("tags", []))
        if key == "tags":
            if not set(values) <= tags:
                return False
        elif key == "tags-any":
            if not set(values) & tags:
                return False
        elif key == "not-tags":
            if set(values) <= tags:
                return False
        elif key == "not-tags-any":
            if set(values) & tags:
                return False
        elif key == "fixed_ips":
            if not any(fixed_ip_matches(ip, values) for ip in obj.get("fixed_ips", [])):
                return False
        elif key not in obj:
            return False
        else:
            actual = obj[key]
            if isinstance(actual, bool):
                if str(actual).lower() not in {v.lower() for v in values}:
                    return False
            elif ("" if actual is None else str(actual)) not in values:
                return False
    return True


def fixed_ip_matches(ip, values):
    """fixed_ips=subnet_id=X / fixed_ips=ip_address=Y (several values: all must hold)."""
    for value in values:
        field, _, wanted = value.partition("=")
        if ip.get(field) != wanted:
            return False
    return True


def project(obj, fields):
    return {k: v for k, v in obj.items() if k in fields} if fields else obj


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-neutron/1"
    store = None
    keystone = None
    log_file = None

    # ---- plumbing ------------------------------------------------------------------------------------------
    def log_message(self, fmt, *args):
        pass

    def send_json(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Openstack-Request-Id", "req-" + str(uuid.uuid4()))
        self.end_headers()
        self.wfile.write(data)
        self.status = status

    def read_body(self):
        if not self.raw_body:
            return {}
        try:
            return json.loads(self.raw_body)
        except ValueError:
            raise ApiError(400, "BadRequest", "Malformed JSON request body.")

    def handle_any(self):
        self.status = 500
        started = time.monotonic()
        # The whole body is read first, whatever the answer: a body left unread on a kept-alive connection would be
        # taken for the start of the next request.
        length = int(self.headers.get("Content-Length") or 0)
        self.raw_body = self.rfile.read(length) if length > 0 else b""
        try:
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            parts = [p for p in url.path.split("/") if p]
            caller = self.caller()
            with self.store.lock:
                self.store.ensure_default_group(caller.project_id)
                status, body = self.route(parts, query, caller)
            self.send_json(status, body)
        except ApiError as e:
            self.send_json(e.status, {"NeutronError": {"type": e.kind, "message": e.message, "detail": ""}})
        except Exception as e:  # noqa: BLE001 - the stand-in reports its own bugs as 500s, like Neutron
            self.send_json(500, {"NeutronError": {"type": "HTTPInternalServerError", "message": repr(e),
                                                  "detail": ""}})
        finally:
            with open(self.log_file, "a", encoding="utf-8") as log:
                log.write("%s %s %s %d %.0fms\n" % (now(), self.command, self.path, self.status,
                                                  (time.monotonic() - started) * 1000))

    do_GET = do_POST = do_PUT = do_DELETE = handle_any

    def caller(self):
        token = self.headers.get("X-Auth-Token")
        if not token:
            return Caller(self.store.default_project, True)
        return self.keystone.resolve(token)

    # ---- routing -------------------------------------------------------------------------------------------
    def route(self, parts, query, caller):
        if not parts:
            host = self.headers.get("Host", "127.0.0.1")
            return 200, {"versions": [{"id": "v2.0", "status": "CURRENT",
                                       "links": [{"href": "http://%s/v2.0/" % host, "rel": "self"}]}]}
        if parts[0] != "v2.0":
            raise ApiError(404, "HTTPNotFound", "The resource could not be found.")
        parts = parts[1:]
        if parts and parts[-1].endswith(".json"):
            parts[-1] = parts[-1][:-5]
        method, store = self.command, self.store
        if not parts:
            if method == "GET":
                return 200, {"resources": [{"name": n[:-1], "collection": n,
                                            "links": [{"href": "/v2.0/" + n, "rel": "self"}]}
                                           for n in TAGGABLE + ("floatingips", "extensions", "quotas")]}
            raise self.not_allowed()
        collection, rest = parts[0], parts[1:]
        if collection == "extensions" and method == "GET":
            exts = [{"alias": a, "name": n, "description": d, "updated": "2016-01-01T10:00:00-00:00",
                     "links": []} for a, n, d in EXTENSIONS]
            if not rest:
                return 200, {"extensions": exts}
            for ext in exts:
                if ext["alias"] == rest[0]:
                    return 200, {"extension": ext}
            raise ApiError(404, "HTTPNotFound", "Extension with alias %s does not exist" % rest[0])
        if collection == "quotas" and method == "GET" and len(rest) == 1:
            return 200, {"quota": {"network": 100, "subnet": 100, "port": 500, "router": 10, "floatingip": 50,
                                   "security_group": 10, "security_group_rule": 100, "rbac_policy": 10,
                                   "subnetpool": -1, "trunk": -1}}
        if collection == "floatingips" and method == "GET" and not rest:
            return 200, {"floatingips": []}
        if collection not in TAGGABLE:
            raise ApiError(404, "HTTPNotFound", "The resource could not be found.")
        kind = {"networks": "Network", "subnets": "Subnet", "ports": "Port", "security-groups": "SecurityGroup",
                "trunks": "Trunk"}[collection]
        singular = {"security-groups": "security_group"}.get(collection, collection[:-1])
        fields = query.get("fields")
        if not rest:
            if method == "GET":
                filters = {k: v for k, v in query.items() if k not in RESERVED_QUERY}
                if collection == "security-groups":
                    for key in ("tenant_id", "project_id"):
                        for pid in filters.get(key, []):
                            store.ensure_default_group(pid)
                found = [self.shown(collection, o, fields) for o in store.res[collection].values()
                         if store.visible(collection, o, caller) and matches(o, filters)]
                return 200, {collection.replace("-", "_"): found}
            if method == "POST" and collection in ("ports", "trunks"):
                body = self.read_body()
                create = store.create_port if collection == "ports" else store.create_trunk
                if collection == "ports" and isinstance(body.get("ports"), list):
                    return 201, {"ports": [self.shown(collection, create(p, caller), None) for p in body["ports"]]}
                return 201, {singular: self.shown(collection, create(body.get(singular), caller), None)}
            raise self.not_allowed()
        obj = store.get(collection, rest[0], caller, kind)
        if len(rest) == 1:
            if method == "GET":
                return 200, {singular: self.shown(collection, obj, fields)}
            if method == "PUT" and collection == "ports":
                return 200, {singular: self.shown(collection, store.update_port(obj, self.read_body().get("port"),
                                                                               caller), None)}
            if method == "DELETE" and collection == "ports":
                store.delete_port(obj)
                return 204, None
            if method == "DELETE" and collection == "trunks":
                store.delete_trunk(obj)
                return 204, None
            raise self.not_allowed()
        if rest[1] == "tags":
            return self.tags(obj, rest[2:])
        if collection == "trunks" and len(rest) == 2 and method in ("PUT", "GET"):
            if rest[1] == "get_subports" and method == "GET":
                return 200, {"sub_ports": obj["sub_ports"]}
            if rest[1] == "add_subports" and method == "PUT":
                store.add_subports(obj, self.read_body().get("sub_ports") or [], caller)
                return 200, obj
            if rest[1] == "remove_subports" and method == "PUT":
                gone = {s.get("port_id") for s in self.read_body().get("sub_ports") or []}
                obj["sub_ports"] = [s for s in obj["sub_ports"] if s["port_id"] not in gone]
                return 200, obj
        raise ApiError(404, "HTTPNotFound", "The resource could not be found.")

    def shown(self, collection, obj, fields):
        obj = self.store.with_trunk_details(obj) if collection == "ports" else obj
        return copy.deepcopy(project(obj, fields))

    def tags(self, obj, rest):
        method = self.command
        if not rest:
            if method == "GET":
                return 200, {"tags": obj["tags"]}
            if method == "PUT":
                tags = self.read_body().get("tags")
                if not isinstance(tags, list):
                    raise ApiError(400, "BadRequest", "Invalid input for tags: a list is required.")
                obj["tags"] = sorted(set(tags))
                return 200, {"tags": obj["tags"]}
            if method == "DELETE":
                obj["tags"] = []
                return 204, None
        elif len(rest) == 1:
            tag = urllib.parse.unquote(rest[0])
            if method == "GET":
                if tag in obj["tags"]:
                    return 204, None
                raise ApiError(404, "TagNotFound", "Tag %s could not be found." % tag)
            if method == "PUT":
                if tag not in obj["tags"]:
                    obj["tags"] = sorted(obj["tags"] + [tag])
                return 201, None
            if method == "DELETE":
                if tag not in obj["tags"]:
                    raise ApiError(404, "TagNotFound", "Tag %s could not be found." % tag)
                obj["tags"].remove(tag)
                return 204, None
        raise self.not_allowed()

    def not_allowed(self):
        return ApiError(405, "HTTPMethodNotAllowed", "%s is not allowed on %s" % (self.command, self.path))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9696)
    parser.add_argument("--keystone", default="http://127.0.0.1:5000/v3")
    parser.add_argument("--project-id", required=True, help="owner of the seeded networks and security groups")
    parser.add_argument("--log", required=True, help="request log file")
    args = parser.parse_args(argv)
    Handler.store = Store(args.project_id)
    Handler.keystone = Keystone(args.keystone)
    Handler.log_file = args.log
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print("fake neutron listening on http://%s:%d" % (args.host, args.port), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
