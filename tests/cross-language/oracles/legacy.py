# Veriff's legacy X-SIGNATURE recipe (provider-docs/000): "concatenate the
# request body and your API secret, calculate a SHA 256 hash, hex encode the
# hash", with Python's hashlib. One case per stdin line: text as
# {"payload": str, "secret": str} (concatenated as text, then UTF-8 encoded,
# as the recipe's words say) or bytes as {"payloadHex": hex, "secretHex": hex};
# one hex digest per stdout line, then {"version": sys.version}.
import hashlib
import json
import sys

def x_signature(payload, secret):
    payload_plus_secret = payload + secret
    if isinstance(payload_plus_secret, str):
        payload_plus_secret = payload_plus_secret.encode('utf-8')
    return hashlib.sha256(payload_plus_secret).hexdigest()

def main():
    out = sys.stdout
    for line in sys.stdin.buffer:
        c = json.loads(line)
        payload = c["payload"] if "payload" in c else bytes.fromhex(c["payloadHex"])
        secret = c["secret"] if "secret" in c else bytes.fromhex(c["secretHex"])
        out.write(json.dumps({"sig": x_signature(payload, secret)}) + "\n")
    out.write(json.dumps({"version": sys.version}) + "\n")
    out.flush()

main()
