FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY ashby ashby
COPY bot bot
COPY handlers handlers
COPY blocks blocks
RUN pip install --no-cache-dir . && useradd --system --no-create-home bot
USER bot
ENV PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s \
  CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz')"
CMD ["ashby-bot", "serve"]
