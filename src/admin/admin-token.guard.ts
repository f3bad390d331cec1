/** Admin routes need `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. */
import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { sameSecret } from '../common/constant-time';
import { ADMIN_TOKEN } from './admin-token';

@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(ADMIN_TOKEN) private readonly token: string) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match || !sameSecret(match[1], this.token)) {
      throw new UnauthorizedException('Missing or wrong admin token: send Authorization: Bearer <ADMIN_TOKEN>');
    }
    return true;
  }
}
