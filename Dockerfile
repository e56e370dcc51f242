# syntax=docker/dockerfile:1
# Two images from one file: `api` (Python service) and `web` (nginx with the built SPA).

FROM python:3.11-slim AS api
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY api ./api
COPY migrations ./migrations
RUN pip install --no-cache-dir --no-deps . && useradd --system --uid 10001 kipni \
    && mkdir /checkpoints && chown kipni /checkpoints
USER kipni
EXPOSE 8000

FROM node:20-slim AS frontend
WORKDIR /frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci
COPY frontend ./
RUN npm run build

FROM nginx:1.27-alpine AS web
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=frontend /frontend/dist /usr/share/nginx/html
