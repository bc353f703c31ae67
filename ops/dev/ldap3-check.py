#!/usr/bin/python3
"""The simulated directories as a client no one here wrote sees them: Python's ldap3 with its default settings
(Debian python3-ldap3), as the original system used it (docs/sources.md).

    ops/dev/ldap3-check.py DIR/.env      (the .env that `lsats-sim serve` writes)

AD: ldap3 reads the schema and, from AD's own attribute OIDs, returns objectGUID as '{uuid}', objectSid as 'S-1-5-...',
pwdLastSet/accountExpires as datetimes. MCommunity: no schema for its clients, so umichExpiryTimestamp stays the raw
'YYYYMMDDHHMMSSZ' string and asking for a 'dn' attribute is no error; a paged search answers sizeLimitExceeded (4)
after the cap, the error the original client relied on to switch to filter-based chunking.
Prints one line per check; exit status 1 when any fails."""
import datetime
import ssl
import sys

from ldap3 import ALL, Connection, Server, Tls


def read_env(path):
    values = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = line.split("=", 1)
            values[key] = value.strip().strip('"').replace('\\"', '"').replace("\\\\", "\\")
    return values


def connect(env, prefix_server, prefix_port, user, password):
    tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=env["LDAPTLS_CACERT"])
    server = Server(env[prefix_server], port=int(env[prefix_port]), use_ssl=True, tls=tls, get_info=ALL, connect_timeout=30)
    return Connection(server, user=env[user], password=env[password], auto_bind=True)


failures = []


def check(name, condition, detail):
    print(("ok    " if condition else "FAIL  ") + name + ": " + detail)
    if not condition:
        failures.append(name)


def main():
    env = read_env(sys.argv[1])

    ad = connect(env, "AD_SERVER", "AD_PORT", "AD_USER", "AD_PASSWORD")
    check("ad schema published", ad.server.schema is not None, "subschema read by the AD account")
    ad.search("OU=UMICH,DC=adsroot,DC=itcs,DC=umich,DC=edu", "(&(objectClass=user)(uidNumber=*))",
              attributes=["objectGUID", "objectSid", "pwdLastSet", "accountExpires", "whenCreated", "uSNChanged"], size_limit=1)
    user = ad.entries[0]
    guid, sid = user.objectGUID.value, user.objectSid.value
    check("ad objectGUID", isinstance(guid, str) and guid.startswith("{") and len(guid) == 38, repr(guid))
    check("ad objectSid", isinstance(sid, str) and sid.startswith("S-1-5-21-"), repr(sid))
    check("ad pwdLastSet", isinstance(user.pwdLastSet.value, datetime.datetime), repr(user.pwdLastSet.value))
    check("ad accountExpires", isinstance(user.accountExpires.value, datetime.datetime), repr(user.accountExpires.value))
    check("ad whenCreated", isinstance(user.whenCreated.value, datetime.datetime), repr(user.whenCreated.value))
    check("ad uSNChanged", isinstance(user.uSNChanged.value, int), repr(user.uSNChanged.value))
    ad.unbind()

    mc = connect(env, "MCOMMUNITY_LDAP_SERVER", "MCOMMUNITY_LDAP_PORT", "MCOMMUNITY_LDAP_USER", "MCOMMUNITY_LDAP_PASSWORD")
    check("mcommunity schema hidden", mc.server.schema is None or not mc.server.schema.attribute_types, "no subschema for MCommunity clients")
    base = env.get("MCOMMUNITY_LDAP_BASE", "dc=umich,dc=edu")
    mc.search("ou=User Groups,ou=Groups," + base, "(umichExpiryTimestamp=*)", attributes=["cn", "umichExpiryTimestamp"], size_limit=1)
    expiry = mc.entries[0].umichExpiryTimestamp.value
    check("mcommunity umichExpiryTimestamp raw", isinstance(expiry, str) and expiry.endswith("Z"), repr(expiry))
    ok = mc.search("ou=People," + base, "(uid=*)", attributes=["uid", "dn"], size_limit=5)
    check("mcommunity dn attribute accepted", ok and len(mc.entries) == 5, "search with attributes uid, dn: " + str(mc.result["description"]))
    entries = mc.extend.standard.paged_search("ou=People," + base, "(uid=*)", attributes=["uid"], paged_size=1000, generator=False)
    result = mc.result["result"]
    check("mcommunity paged search answers sizeLimitExceeded", result == 4 and len(entries) <= 400,
          "%d entries, result %s %s" % (len(entries), result, mc.result["description"]))
    mc.unbind()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
