#!/usr/bin/python3
"""Seeds the OpenStack test peer through its REST APIs (standard library only; a fresh machine may lack curl/jq).

  seed.py keystone FILE   service project and users, catalog, project and user demo; writes the demo project's
                         id to FILE
  seed.py compute         waits until Placement holds the compute host's inventory, then creates the flavors and the
                          public 1 MiB raw image "rhcos" (waits until it is active)

Every call has a timeout; the caller bounds the whole run.
"""
import json
import sys
from concurrent.futures import ThreadPoolExecutor
import time
import urllib.error
import urllib.request

KEYSTONE = "http://127.0.0.1:5000/v3"
REGION = "RegionOne"
SERVICE_PASSWORD = "service-secret"
CATALOG = [
    ("nova", "compute", "http://127.0.0.1:8774/v2.1"),
    ("placement", "placement", "http://127.0.0.1:8778"),
    ("glance", "image", "http://127.0.0.1:9292"),
    ("neutron", "network", "http://127.0.0.1:9696"),
]
FLAVORS = [  # name, MB RAM, vCPUs, GB disk
    ("m1.tiny", 512, 1, 1),
    ("m1.small", 2048, 1, 20),
    ("m1.medium", 4096, 2, 40),
    # More memory than the fake driver's 800000 MB (Placement's max_unit): every boot ends in "No valid host".
    ("m1.huge", 999999, 256, 1000),
]


def call(method, url, token=None, body=None, headers=None, raw=None, ok=(200, 201, 202, 204)):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/octet-stream" if raw is not None else "application/json")
    request.add_header("Accept", "application/json")
    if token:
        request.add_header("X-Auth-Token", token)
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None), response.headers
    except urllib.error.HTTPError as e:
        text = e.read()
        if e.code in ok:
            return e.code, None, e.headers
        raise SystemExit("%s %s -> %d %s" % (method, url, e.code, text[:500].decode(errors="replace")))


def token(user, password, project):
    scope = {"project": {"name": project, "domain": {"name": "Default"}}}
    auth = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user, "password": password, "domain": {"name": "Default"}}}}, "scope": scope}}
    _, _, headers = call("POST", KEYSTONE + "/auth/tokens", body=auth)
    return headers["X-Subject-Token"]


def find_or_create(tok, collection, singular, name, body, query=""):
    _, found, _ = call("GET", "%s/%s?name=%s%s" % (KEYSTONE, collection, name, query), tok)
    if found[collection]:
        return found[collection][0]["id"]
    _, created, _ = call("POST", "%s/%s" % (KEYSTONE, collection), tok, {singular: dict(body, name=name)})
    return created[singular]["id"]


def role_id(tok, name):
    _, found, _ = call("GET", KEYSTONE + "/roles?name=" + name, tok)
    return found["roles"][0]["id"]


def seed_keystone(out):
    tok = token("admin", "admin-secret", "admin")
    admin_role, member_role = role_id(tok, "admin"), role_id(tok, "member")
    service = find_or_create(tok, "projects", "project", "service",
                             {"domain_id": "default", "description": "Service project"})

    def service_user_and_catalog(entry):
        user, kind, url = entry
        uid = find_or_create(tok, "users", "user", user, {"domain_id": "default", "password": SERVICE_PASSWORD,
                                                         "default_project_id": service})
        call("PUT", "%s/projects/%s/users/%s/roles/%s" % (KEYSTONE, service, uid, admin_role), tok)
        sid = find_or_create(tok, "services", "service", user, {"type": kind, "enabled": True}, "&type=" + kind)
        for interface in ("public", "internal", "admin"):
            call("POST", KEYSTONE + "/endpoints", tok, {"endpoint": {
                "service_id": sid, "interface": interface, "url": url, "region_id": REGION, "enabled": True}})

    def demo_project_and_user(_):
        demo = find_or_create(tok, "projects", "project", "demo", {"domain_id": "default", "description": "Demo"})
        uid = find_or_create(tok, "users", "user", "demo", {"domain_id": "default", "password": "demo-secret",
                                                           "default_project_id": demo})
        call("PUT", "%s/projects/%s/users/%s/roles/%s" % (KEYSTONE, demo, uid, member_role), tok)
        return demo

    # Keystone answers each call in about 0.3 s on a loaded machine: the independent parts go in parallel.
    with ThreadPoolExecutor(max_workers=len(CATALOG) + 1) as pool:
        demo = pool.submit(demo_project_and_user, None)
        list(pool.map(service_user_and_catalog, CATALOG))
        with open(out, "w", encoding="utf-8") as f:
            f.write(demo.result() + "\n")


def wait_for(what, check, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(1)
    raise SystemExit("%s did not happen within %ds" % (what, seconds))


def seed_compute():
    tok = token("admin", "admin-secret", "admin")
    placement = {"OpenStack-API-Version": "placement 1.14"}

    def inventory_reported():
        _, providers, _ = call("GET", "http://127.0.0.1:8778/resource_providers", tok, headers=placement)
        for provider in providers["resource_providers"]:
            _, inventory, _ = call("GET", "http://127.0.0.1:8778/resource_providers/%s/inventories"
                                   % provider["uuid"], tok, headers=placement)
            if "MEMORY_MB" in inventory["inventories"]:
                return True
        return False

    wait_for("the compute host's inventory in Placement", inventory_reported, 120)
    nova = "http://127.0.0.1:8774/v2.1"
    for name, ram, vcpus, disk in FLAVORS:
        call("POST", nova + "/flavors", tok, {"flavor": {
            "name": name, "ram": ram, "vcpus": vcpus, "disk": disk, "os-flavor-access:is_public": True}})
    glance = "http://127.0.0.1:9292/v2/images"
    _, image, _ = call("POST", glance, tok, {"name": "rhcos", "disk_format": "raw", "container_format": "bare",
                                             "visibility": "public"})
    call("PUT", "%s/%s/file" % (glance, image["id"]), tok, raw=b"\0" * (1024 * 1024))

    def active():
        return call("GET", "%s/%s" % (glance, image["id"]), tok)[1]["status"] == "active"

    wait_for("image rhcos active", active, 60)
    print(image["id"])


if __name__ == "__main__":
    if sys.argv[1] == "keystone":
        seed_keystone(sys.argv[2])
    else:
        seed_compute()
