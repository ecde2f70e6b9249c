# Written by `cargo xtask bench-peers` into target/bench-peers: zeep's figures, `key value` lines.
#   items WSDL MESSAGE ITERATIONS                     parse and serialize of the items envelope
#   e2e WSDL URL CALLERS CALLS SECONDS                doRecurrentWalletPayment against the fake server
import sys
import threading
import time

import zeep
from zeep.transports import Transport


class Reply:
    """What zeep's binding reads from an HTTP response."""

    def __init__(self, content):
        self.status_code = 200
        self.content = content
        self.headers = {"Content-Type": "text/xml; charset=utf-8"}
        self.encoding = "utf-8"


def items(wsdl, message, iterations):
    client = zeep.Client(wsdl)
    binding = client.service._binding
    operation = binding._operations["GetItemList"]
    data = open(message, "rb").read()
    parsed = binding.process_reply(client, operation, Reply(data))
    t = time.perf_counter()
    for _ in range(iterations):
        parsed = binding.process_reply(client, operation, Reply(data))
    parse_ns = (time.perf_counter() - t) / iterations * 1e9
    values = parsed if isinstance(parsed, list) else parsed["item"]
    envelope = client.create_message(client.service, "GetItemList", item=values)
    from lxml import etree

    t = time.perf_counter()
    for _ in range(iterations):
        envelope = client.create_message(client.service, "GetItemList", item=values)
        out = etree.tostring(envelope)
    serialize_ns = (time.perf_counter() - t) / iterations * 1e9
    print("items", len(values))
    print("parse_ns %.0f" % parse_ns)
    print("serialize_ns %.0f" % serialize_ns)
    print("serialized_bytes", len(out))


def e2e(wsdl, url, callers, calls, seconds):
    import requests

    session = requests.Session()
    session.auth = ("123456789", "DJMESHXYou6LmjQFdH")
    adapter = requests.adapters.HTTPAdapter(pool_connections=callers, pool_maxsize=callers)
    session.mount("http://", adapter)
    client = zeep.Client(wsdl, transport=Transport(session=session))
    service = client.create_service("{http://impl.ws.payline.experian.com}DirectPaymentAPISoapBinding", url)

    def call():
        return service.doRecurrentWalletPayment(
            version="34",
            payment={"amount": "3000", "currency": "978", "action": "101", "mode": "REC"},
            orderRef="ORDER-2026-0042",
            orderDate="23/11/2026 10:00",
            scheduledDate="01/12/2026",
            walletId="wallet-1",
            recurring={"firstAmount": "1000", "amount": "1000", "billingCycle": "40", "billingLeft": "3"},
            order={"ref": "ORDER-2026-0042", "amount": "3000", "currency": "978", "date": "23/11/2026 10:00"},
            media="Computer",
        )

    first = call()
    if first["result"]["code"] != "02500":
        raise SystemExit("unexpected result %s" % first["result"]["code"])
    lock = threading.Lock()
    state = {"next": 0, "ok": 0, "failed": 0}
    deadline = time.monotonic() + seconds

    def worker():
        while True:
            with lock:
                if state["next"] >= calls or time.monotonic() >= deadline:
                    return
                state["next"] += 1
            try:
                call()
                ok = True
            except Exception:
                ok = False
            with lock:
                state["ok" if ok else "failed"] += 1

    t = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(callers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t
    print("callers", callers)
    print("calls", state["ok"])
    print("failed", state["failed"])
    print("seconds %.3f" % elapsed)
    print("calls_per_second %.0f" % (state["ok"] / elapsed))


if __name__ == "__main__":
    if sys.argv[1] == "items":
        items(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        e2e(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
