import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { SiteNav } from "./components/site-nav";
import { SkipLinks } from "./components/skip-links";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Caravan", template: "%s · Caravan" },
  description: "Ask questions about a folder of articles and get answers that cite the passage behind every claim.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafaf9" },
    { media: "(prefers-color-scheme: dark)", color: "#0c0a09" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, the 404 too: its scripts need that request's CSP nonce, which a
  // page prerendered at build time cannot carry (the browser would refuse its scripts).
  await connection();
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <SkipLinks />
        <header className="sticky top-0 z-30 h-14 border-b border-stone-200 bg-stone-50/90 backdrop-blur dark:border-stone-800 dark:bg-stone-950/90">
          <div className="mx-auto flex h-full max-w-screen-2xl items-center gap-4 px-4">
            <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
              <span aria-hidden="true" className="grid size-7 place-items-center rounded-lg bg-teal-700 text-sm text-white dark:bg-teal-700 dark:text-white">
                C
              </span>
              Caravan
            </Link>
            <SiteNav />
          </div>
        </header>
        <div id="main" className="flex flex-1 flex-col">
          {children}
        </div>
      </body>
    </html>
  );
}
