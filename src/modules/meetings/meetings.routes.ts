/** Thin HTTP layer of meeting records and meeting compliance. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import * as s from './meetings.schema.ts';
import type { MeetingService } from './meetings.service.ts';
import type { AttendanceService } from './attendance.service.ts';
import { z } from 'zod';

const errors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400] };

export const meetingRoutes: FastifyPluginAsyncZod<{ meetings: MeetingService; attendance: AttendanceService }> = async (app, { meetings, attendance }) => {
  const tags = ['meetings'];

  app.post(
    '/meetings',
    { config: { permission: 'meeting.write' }, schema: { tags, summary: 'Record a meeting (三会一课, 主题党日 …)', body: s.createMeetingBody, response: { 201: s.meetingView, ...errors } } },
    async (req, reply) => reply.code(201).send(await meetings.create(req.actor, req.body)),
  );

  app.get(
    '/meetings',
    {
      config: { permission: 'meeting.read' },
      schema: { tags, summary: 'Meetings of an org and its subtree, newest first', querystring: s.listQuery, response: { 200: s.meetingPage, ...errors } },
    },
    (req) => meetings.list(req.actor, req.query),
  );

  app.get(
    '/meetings/:id',
    { config: { permission: 'meeting.read' }, schema: { tags, summary: 'One meeting', params: idParams, response: { 200: s.meetingView, ...errors } } },
    (req) => meetings.get(req.actor, req.params.id),
  );

  app.patch(
    '/meetings/:id',
    {
      config: { permission: 'meeting.write' },
      schema: { tags, summary: 'Edit a meeting record (optimistic lock on version)', params: idParams, body: s.updateMeetingBody, response: { 200: s.meetingView, ...errors } },
    },
    (req) => meetings.update(req.actor, req.params.id, req.body),
  );

  app.get(
    '/orgs/:id/compliance',
    {
      config: { permission: 'meeting.read' },
      schema: {
        tags,
        summary: "A branch's compliance with the meeting rules over a year, quarter or month; for a higher org, the count of its branches meeting each rule",
        params: idParams,
        querystring: s.complianceQuery,
        response: { 200: s.complianceView, ...errors },
      },
    },
    (req) => meetings.compliance(req.actor, req.params.id, req.query),
  );

  app.get(
    '/meetings/:id/attendance',
    { config: { permission: 'meeting.read' }, schema: { tags, summary: 'Who should have attended, who did, who was on leave', params: idParams, response: { 200: s.attendanceView, ...errors } } },
    (req) => attendance.get(req.actor, req.params.id),
  );

  app.put(
    '/meetings/:id/attendance',
    {
      config: { permission: 'meeting.write' },
      schema: {
        tags,
        summary: 'Record the attendance (expected: the roster on the meeting date; unlisted members are absent; for a 支委会 the entries are the committee)',
        params: idParams,
        body: s.attendanceBody,
        response: { 200: s.attendanceView, ...errors },
      },
    },
    (req) => attendance.record(req.actor, req.params.id, req.body.entries),
  );

  app.post(
    '/meetings/:id/check-in-code',
    { config: { permission: 'meeting.write' }, schema: { tags, summary: "A 6-digit check-in code for today's meeting", params: idParams, response: { 200: s.checkInCodeView, ...errors } } },
    (req) => attendance.issueCheckInCode(req.actor, req.params.id),
  );

  app.post(
    '/meetings/check-in',
    {
      config: { access: 'session', rateLimit: { max: 20, windowMs: 60_000 } },
      schema: { tags, summary: 'A member checks in with the code', body: s.checkInBody, response: { 200: s.checkInView, ...errors } },
    },
    (req) => attendance.checkIn(req.actor, req.body.code),
  );

  app.post(
    '/meetings/:id/votes',
    {
      config: { permission: 'meeting.write' },
      schema: { tags, summary: 'A vote at the meeting, evaluated on its attendance by the rules in force, stored with the rule cited', params: idParams, body: s.voteBody, response: { 201: s.voteView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await attendance.vote(req.actor, req.params.id, req.body)),
  );

  app.get(
    '/meetings/:id/votes',
    { config: { permission: 'meeting.read' }, schema: { tags, summary: 'The votes taken at the meeting', params: idParams, response: { 200: z.array(s.voteView), ...errors } } },
    (req) => attendance.votes(req.actor, req.params.id),
  );
};
