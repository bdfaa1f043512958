"""One INFO log line from a pullbak patch, in the form borg's own log lines
take: JSON when borg logs JSON (`--log-json`, as pullbak runs it; pullbak
shows INFO lines with --verbose), plain text otherwise."""
import json
import sys
import time


def say(name, message):
    """Writes MESSAGE to stderr as logger NAME's INFO line; a closed stderr is ignored."""
    if "--log-json" in sys.argv:
        line = json.dumps({"type": "log_message", "time": time.time(), "levelname": "INFO", "name": name, "message": message})
    else:
        line = f"{name}: {message}"
    try:
        print(line, file=sys.stderr, flush=True)
    except OSError:
        pass
