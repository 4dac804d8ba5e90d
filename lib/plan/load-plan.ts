import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { AppError } from "../errors";
import { planSchema, type Plan } from "./plan-schema";

// Resolved from the project root: the server bundle does not keep source paths.
export const defaultPlanFile = path.join(process.cwd(), "lib", "plan", "default-plan.yaml");

// "components[2].rpo" from zod's path.
function fieldName(p: PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), "") || "(top level)";
}

// Parses and validates a plan; every problem names the file, the field and what is wrong.
export function parsePlan(text: string, file: string): Plan {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const where = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "";
    throw new AppError("validation", `Plan file ${file} is not valid YAML${where}: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`);
  }
  const result = planSchema.safeParse(doc.toJS());
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${fieldName(i.path)}: ${i.message}`);
    throw new AppError("validation", `Plan file ${file} is invalid:\n${lines.join("\n")}`);
  }
  return result.data;
}

export function loadPlanFile(file: string): Plan {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new AppError("validation", `Plan file ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  return parsePlan(text, file);
}
