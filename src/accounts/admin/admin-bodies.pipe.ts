/** Admin bodies: DTO-validated, unknown fields refused (a typo must not be silently ignored). */
import { ValidationPipe } from '@nestjs/common';

export const adminBodies = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
