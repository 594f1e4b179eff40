"""Start the ProfileChat web app: `python app.py [--corpus DIR] [--index DIR] [--host H]
[--port P] [--model M]`. Unset options come from PROFILECHAT_* variables, then defaults."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from profilechat.config import Config
from profilechat.errors import ProfileChatError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the ProfileChat web app.")
    parser.add_argument("--corpus", type=Path, help="folder of profiles (default: corpus)")
    parser.add_argument("--index", type=Path, help="index folder (default: index)")
    parser.add_argument("--host", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default: 7860)")
    parser.add_argument("--model", help="sentence-transformers model name or path")
    args = parser.parse_args(argv)
    config = Config.from_env(
        corpus_dir=args.corpus,
        index_dir=args.index,
        host=args.host,
        port=args.port,
        model=args.model,
    )
    from profilechat.web import serve  # imports Gradio: after --help has had its chance

    try:
        serve(config)
    except ProfileChatError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
