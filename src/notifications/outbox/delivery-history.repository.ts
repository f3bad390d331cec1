/** Reading deliveries back for the admin API: newest first, with their event. */
import { BadRequestException, Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../../common/cursor';
import { PrismaService } from '../../database/prisma.service';
import { Prisma } from '../../generated/prisma/client';
import type { DeliveriesQueryDto } from '../dto/deliveries-query.dto';

@Injectable()
export class DeliveryHistoryRepository {
  constructor(private readonly prisma: PrismaService) {}

  async page(query: DeliveriesQueryDto) {
    const limit = query.limit ?? 50;
    const where: Prisma.NotificationDeliveryWhereInput = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      ...(query.type ? { event: { type: query.type } } : {}),
    };
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor)
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          parameter: 'cursor',
          message: 'Invalid query parameter "cursor": use the next_cursor of a previous page',
        });
      where.OR = [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }];
    }
    const rows = await this.prisma.notificationDelivery.findMany({
      where,
      include: { event: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((d) => ({
        id: d.id,
        event_id: d.eventId,
        event_type: d.event.type,
        occurred_at: d.event.occurredAt.toISOString(),
        channel: d.channel,
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: d.status === 'PENDING' ? d.nextAttemptAt.toISOString() : null,
        delivered_at: d.deliveredAt?.toISOString() ?? null,
        last_error: d.lastError,
      })),
      next_cursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
    };
  }
}
