/**
 * Who may read Swagger UI and the OpenAPI document (API_DOCS). Outside paper
 * mode they are behind the admin token by default: they map every route of a
 * service that moves money. A browser cannot send a bearer header when it
 * opens a page, so HTTP Basic with the admin token as the password works too.
 */
import type { NextFunction, Request, Response } from 'express';
import { sameSecret } from './common/constant-time';

function presentedToken(authorization: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

export function docsBehindAdminToken(token: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = presentedToken(req.headers.authorization);
    if (given !== undefined && sameSecret(given, token)) return next();
    res.setHeader('WWW-Authenticate', 'Basic realm="tvbridge API docs (password: the admin token)", charset="UTF-8"');
    res.status(401).json({
      statusCode: 401,
      error: 'Unauthorized',
      message:
        'The API docs need the admin token: Authorization: Bearer <ADMIN_TOKEN>, ' +
        'or any user name with the token as password',
    });
  };
}
