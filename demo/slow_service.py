"""A small "slow service" to profile: it handles requests for a few seconds.

Most time goes to parse_payload (a JSON round trip) and render_report (string building), with a
little sleeping in fetch_from_cache, so the profile has two hot paths and some idle time.
Run it under Pyflame with:  ./pyflame -o demo.svg -t python3 demo/slow_service.py
"""
import json
import sys
import time


def parse_payload(payload):
    data = json.loads(payload)
    return sum(item["value"] for item in data["items"])


def render_report(total, rows):
    lines = []
    for i in range(rows):
        lines.append("row %d: %.3f" % (i, total / (i + 1)))
    return "\n".join(lines)


def fetch_from_cache(request_number):
    if request_number % 10 == 0:
        time.sleep(0.002)


def handle_request(payload, request_number):
    fetch_from_cache(request_number)
    total = parse_payload(payload)
    return render_report(total, 400)


def main(seconds):
    payload = json.dumps({"items": [{"value": i} for i in range(2000)]})
    deadline = time.time() + seconds
    handled = 0
    while time.time() < deadline:
        handle_request(payload, handled)
        handled += 1
    sys.stderr.write("slow_service: handled %d requests\n" % handled)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)
