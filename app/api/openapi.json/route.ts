import { NextResponse } from 'next/server';
import { openApiDocument } from '@/lib/api/openapi';

/** The API's OpenAPI 3.1 document, public like the reference page at /docs/api. */
export function GET() {
  return NextResponse.json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
}
