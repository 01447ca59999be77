import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("object-store configuration", () => {
  it("maps the standard AWS_* variables to LanceDB storage options, plain HTTP only for an http:// endpoint", () => {
    const config = loadConfig({
      LANCEDB_URI: "s3://caravan/index",
      AWS_ENDPOINT_URL: "http://127.0.0.1:9000",
      AWS_DEFAULT_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: "id",
      AWS_SECRET_ACCESS_KEY: "secret",
    }, "/app");
    expect(config.lancedbUri).toBe("s3://caravan/index");
    expect(config.lancedbStorageOptions).toEqual({ aws_endpoint: "http://127.0.0.1:9000", allow_http: "true", aws_region: "eu-west-1", aws_access_key_id: "id", aws_secret_access_key: "secret" });
    expect(loadConfig({ LANCEDB_URI: "s3://b/p", AWS_ENDPOINT_URL: "https://s3.example.com", AWS_REGION: "us-east-2" }, "/app").lancedbStorageOptions).toEqual({ aws_endpoint: "https://s3.example.com", aws_region: "us-east-2" });
    expect(loadConfig({}, "/app").lancedbStorageOptions).toEqual({});
  });

  it("takes further options as JSON in LANCEDB_STORAGE_OPTIONS, which win, and refuses anything but an object", () => {
    const config = loadConfig({ LANCEDB_URI: "gs://bucket/index", AWS_REGION: "us-east-1", LANCEDB_STORAGE_OPTIONS: '{"google_service_account":"/keys/sa.json","aws_region":"eu-central-1","timeout":30}' }, "/app");
    expect(config.lancedbStorageOptions).toEqual({ google_service_account: "/keys/sa.json", aws_region: "eu-central-1", timeout: "30" });
    expect(() => loadConfig({ LANCEDB_STORAGE_OPTIONS: "region=eu" }, "/app")).toThrow(ConfigError);
    expect(() => loadConfig({ LANCEDB_STORAGE_OPTIONS: '["a"]' }, "/app")).toThrow(/LANCEDB_STORAGE_OPTIONS must be a JSON object/);
  });

  it("checks a folder for a new ingest on every read and an object store at most once a second, unless told", () => {
    expect(loadConfig({}, "/app").lancedbReadConsistencyMs).toBe(0);
    expect(loadConfig({ LANCEDB_URI: "s3://b/p" }, "/app").lancedbReadConsistencyMs).toBe(1000);
    expect(loadConfig({ LANCEDB_URI: "s3://b/p", LANCEDB_READ_CONSISTENCY_MS: "0" }, "/app").lancedbReadConsistencyMs).toBe(0);
  });
});
