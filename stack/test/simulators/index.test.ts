// GET /simulators/ lists the simulators and the base paths of their
// services, which match the URLs the stack reports in its status.
import { describe, expect, inject, it } from "vitest";

const stack = inject("stack");

type Entry = {
  name: string;
  base_path: string;
  services: Record<string, string>;
};

async function index(path: string): Promise<Entry[]> {
  const response = await fetch(`${stack.API_URL}${path}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);

  return ((await response.json()) as { simulators: Entry[] }).simulators;
}

describe("simulator index", () => {
  it("lists EPİAŞ and OSOS", async () => {
    const simulators = await index("/simulators/");

    expect(simulators.map((entry) => entry.name)).toEqual(["epias", "osos"]);
    expect(simulators.map((entry) => entry.base_path)).toEqual([
      "/simulators/epias",
      "/simulators/osos",
    ]);
  });

  it("serves the path without a slash", async () => {
    expect(await index("/simulators")).toEqual(await index("/simulators/"));
  });

  it("matches the status URLs", async () => {
    const [epias, osos] = await index("/simulators/");
    const url = (path: string | undefined) => `${stack.API_URL}${path}`;

    expect(url(epias?.base_path)).toBe(stack.EPIAS_SIMULATOR_URL);
    expect(url(epias?.services.transparency)).toBe(
      stack.EPIAS_TRANSPARENCY_URL,
    );
    expect(url(epias?.services.registration)).toBe(
      stack.EPIAS_REGISTRATION_URL,
    );
    expect(url(osos?.base_path)).toBe(stack.OSOS_SIMULATOR_URL);
    expect(url(osos?.services.readings)).toBe(stack.OSOS_URL);
  });

  it("leaves simulator paths to the simulator", async () => {
    const response = await fetch(`${stack.OSOS_SIMULATOR_URL}/nothing`);

    expect(response.status).toBe(404);
    expect(await response.text()).toContain("no OSOS service at /nothing");
  });

  it("rejects other methods and paths", async () => {
    const post = await fetch(`${stack.API_URL}/simulators/`, {
      method: "POST",
    });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");

    const unknown = await fetch(`${stack.API_URL}/simulators/nothing`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toBe(
      "no simulator at /simulators/nothing. GET /simulators/ lists them.",
    );
  });
});
