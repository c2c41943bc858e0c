# FaceVerify's Python sample (provider-docs/004, "Python" tab), verbatim as a
# function, driven over JSON lines: one case per stdin line
# {"method","url","body","contentType","apiKey","secret"}, one result per
# stdout line, then a last line {"version": sys.version, "newBracketRule": bool}.
#
# Besides the signature it reports what the sample hashed (`data`) and the
# path and query it read, so the harness can compare them with PHP's.
# Standard library only.
import hashlib
import hmac
import json
import sys
from urllib.parse import urlparse

def generate_hmac(http_method, url, body, content_type, x_auth_client, secret_key):
    parsed_url = urlparse(url)
    request_path = parsed_url.path
    query_params = parsed_url.query

    data_to_hash = f"{http_method}\n{request_path}\n{query_params}\n{x_auth_client}\n{content_type}\n{body}"
    hmac_signature = hmac.new(secret_key.encode('utf-8'), data_to_hash.encode('utf-8'), hashlib.sha256).hexdigest()
    return hmac_signature

# The first lines of the same sample, returning what it hashes.
def data_to_hash_of(http_method, url, body, content_type, x_auth_client):
    parsed_url = urlparse(url)
    request_path = parsed_url.path
    query_params = parsed_url.query

    data_to_hash = f"{http_method}\n{request_path}\n{query_params}\n{x_auth_client}\n{content_type}\n{body}"
    return data_to_hash, request_path, query_params

def main():
    out = sys.stdout
    for line in sys.stdin.buffer:
        c = json.loads(line)
        try:
            sig = generate_hmac(c["method"], c["url"], c["body"], c["contentType"], c["apiKey"], c["secret"])
            data, path, query = data_to_hash_of(c["method"], c["url"], c["body"], c["contentType"], c["apiKey"])
            out.write(json.dumps({"sig": sig, "data": data, "path": path, "query": query}) + "\n")
        except ValueError as e:
            out.write(json.dumps({"valueError": str(e)}) + "\n")
    out.write(json.dumps({"version": sys.version, "newBracketRule": has_new_bracket_rule()}) + "\n")
    out.flush()

# Whether this Python has gh-105704 (CVE-2025-0938): data around `[…]` in the
# host is refused. Older 3.11s accept "http://[::1]]/".
def has_new_bracket_rule():
    try:
        urlparse("http://[::1]]/")
        return False
    except ValueError:
        return True

main()
