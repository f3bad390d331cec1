/**
 * A write refused by a unique index (Prisma's P2002) is the caller's conflict,
 * not a server error: it becomes a 409 with the caller's words.
 */
import { ConflictException } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';

export async function conflictOnDuplicate<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ConflictException(message);
    }
    throw error;
  }
}
