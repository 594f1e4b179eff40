"""The textbook LangChain retrieval pipeline, the baseline ProfileChat is compared with.

DirectoryLoader/TextLoader → RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
→ HuggingFaceEmbeddings (the same bundled model, normalize_embeddings=True) → FAISS vector
store from langchain_community → similarity_search(k=5).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from common import default_model_path


def load_documents(corpus: Path) -> list[Any]:
    """Every .txt and .md file of `corpus` as LangChain documents (the shipped corpus is .txt)."""
    from langchain_community.document_loaders import DirectoryLoader, TextLoader

    documents: list[Any] = []
    for pattern in ("**/*.txt", "**/*.md"):
        loader = DirectoryLoader(
            str(corpus),
            glob=pattern,
            loader_cls=TextLoader,
            loader_kwargs={"encoding": "utf-8"},
            show_progress=False,
        )
        documents += loader.load()
    return documents


def build_vector_store(corpus: Path) -> Any:
    """A LangChain FAISS store over `corpus`, built the textbook way."""
    from langchain_community.vectorstores import FAISS
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks = splitter.split_documents(load_documents(corpus))
    embeddings = HuggingFaceEmbeddings(
        model_name=default_model_path(),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True},
    )
    return FAISS.from_documents(chunks, embeddings)


def top_texts(store: Any, question: str, k: int = 5) -> list[str]:
    return [doc.page_content for doc in store.similarity_search(question, k=k)]
