"""A local Ashby API server for tests, demos and benchmarks.

``Sandbox(seed=7, candidates=3000, ...)`` seeds a deterministic tenant (a fixed cast plus a generated
crowd) and builds an aiohttp app speaking Ashby's wire protocol: ``POST /{endpoint}``, Basic auth with
the key as username, Ashby's success and error envelopes, per-key permissions and confidential access,
cursor pages and incremental sync. ``running_sandbox`` serves it on loopback for tests; ``serve`` runs
it for the ``ashby-bot sandbox`` command. ``Fault`` injects latency, rate limits, 5xx, stalls,
malformed bodies and empty pages. Documented endpoints the sandbox does not model answer
``sandbox_endpoint_not_supported`` rather than a made-up success.
"""

from ashby.sandbox.faults import Fault
from ashby.sandbox.keys import SandboxKey
from ashby.sandbox.runner import running_sandbox, serve
from ashby.sandbox.server import Sandbox

__all__ = ["Fault", "Sandbox", "SandboxKey", "running_sandbox", "serve"]
