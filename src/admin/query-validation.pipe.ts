/** Validates admin query DTOs; a bad filter is a 400 that names the parameter. */
import { BadRequestException, ValidationPipe } from '@nestjs/common';

export const queryValidation = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  stopAtFirstError: true,
  exceptionFactory: (errors) => {
    const [first] = errors;
    const problem = Object.values(first.constraints ?? {})[0] ?? 'is not valid';
    return new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      parameter: first.property,
      message:
        `Invalid query parameter "${first.property}": ` +
        `${problem.replace(/^property \S+ should not exist$/, 'is not a known filter')}`,
    });
  },
});
