"""Start the ProfileChat web app: `python app.py [--corpus DIR] [--index DIR] [--host H]
[--port P] [--model M] [--backend B] [-v]`. Unset options come from PROFILECHAT_* variables,
then defaults."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from profilechat.cli import configure_logging
from profilechat.config import EMBEDDING_BACKENDS, ENV_PREFIX, Config
from profilechat.errors import ProfileChatError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the ProfileChat web app.")
    parser.add_argument("--corpus", type=Path, help="folder of profiles (default: corpus)")
    parser.add_argument("--index", type=Path, help="index folder (default: index)")
    parser.add_argument("--host", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default: 7860)")
    parser.add_argument("--model", help="sentence-transformers model name or path")
    parser.add_argument(
        "--backend",
        choices=EMBEDDING_BACKENDS,
        help="embedding backend: auto (default), onnx or torch; see README",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show library warnings and progress messages"
    )
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    config = Config.from_env(
        corpus_dir=args.corpus,
        index_dir=args.index,
        host=args.host,
        port=args.port,
        model=args.model,
        embedding_backend=args.backend,
    )
    # web.py loads the model with load_embedder's default backend, read from the environment.
    os.environ[ENV_PREFIX + "EMBEDDING_BACKEND"] = config.embedding_backend
    from profilechat.launch import serve

    try:
        serve(config)
    except ProfileChatError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
