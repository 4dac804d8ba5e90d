import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = { title: "DR Control Plane", description: "Backups, restores and recovery targets" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <header className="border-b border-slate-200 bg-white">
            <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-8 gap-y-2 px-4 py-3">
              <Link href="/" className="font-semibold tracking-tight text-slate-900">
                DR Control Plane
              </Link>
              <nav className="flex gap-5 text-sm text-slate-600">
                <Link href="/" className="hover:text-slate-900">
                  Overview
                </Link>
                <Link href="/backups" className="hover:text-slate-900">
                  Backups
                </Link>
              </nav>
            </div>
          </header>
          <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
