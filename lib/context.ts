import { db as defaultDb, type Db } from "./db";
import { settings as defaultSettings, type Settings } from "./settings";
import { createObjectStore, type ObjectStore } from "./storage/object-store";

// What domain functions need from the outside world, passed in so tests can point them
// at their own database and S3 server. The web app, worker and CLI use `appContext()`.
export type Context = { db: Db; settings: Settings; store: ObjectStore };

let app: Context | undefined;

export function appContext(): Context {
  if (app) return app;
  const s = defaultSettings();
  app = { db: defaultDb(), settings: s, store: createObjectStore(s.s3) };
  return app;
}

export function createContext(db: Db, settings: Settings): Context {
  return { db, settings, store: createObjectStore(settings.s3) };
}
