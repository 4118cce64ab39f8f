import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { originFrom, seoMeta } from '#app/lib/seo.ts'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { MemberModeration } from '#app/components/member-moderation.tsx'
import { requireRole } from '#app/lib/auth.server.ts'
import { submitForm } from '#app/lib/form-action.server.ts'
import { liftSuspension, memberModeration, suspendMember } from '#app/models/moderation.server.ts'
import { memberModerationSchema } from '#app/validation/moderation.ts'
import { Avatar } from '#app/components/avatar.tsx'
import { BadgeChip } from '#app/components/badge-chip.tsx'
import { QuestionList, TagList } from '#app/components/question-list.tsx'
import { ReputationChart } from '#app/components/reputation-chart.tsx'
import { TimeAgo } from '#app/components/time-ago.tsx'
import { UserBadges } from '#app/components/user-link.tsx'
import { formatAnswerSpeed } from '#app/lib/answer-speed.ts'
import { displayReputation } from '#app/lib/privileges.ts'
import { REPUTATION_LABELS } from '#app/lib/reputation-rules.ts'
import {
  medianFirstAnswerMs,
  profileCounts,
  recentAnswers,
  reputationTimeline,
  topAnswerTags,
} from '#app/models/profiles.server.ts'
import { badgesForUser } from '#app/models/badges.server.ts'
import { memberQuestions } from '#app/models/question-lists.server.ts'
import { canOptInAsExpert, expertTagNames } from '#app/models/routing.server.ts'
import { reputationHistory } from '#app/models/reputation.server.ts'
import { getUserByHandle } from '#app/models/users.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? seoMeta({
        title: `${data.user.displayName} (@${data.user.handle}) — Peerdesk`,
        description: data.user.bio || `${data.user.displayName} helps the Nimbus Home community.`,
        url: `${originFrom(matches)}/users/${data.user.handle}`,
        type: 'profile',
      })
    : [{ title: 'User not found — Peerdesk' }]

export async function loader({ params, context }: LoaderFunctionArgs) {
  const now = Date.now()
  const user = getUserByHandle(String(params.handle))
  if (!user || user.status === 'deleted') throw new Response('User not found', { status: 404 })
  return {
    user,
    isMe: context.user?.id === user.id,
    counts: profileCounts(user.id),
    firstAnswerMedian: medianFirstAnswerMs(user.id),
    topTags: topAnswerTags([user.id], 5).get(user.id) ?? [],
    answersTags: canOptInAsExpert(user) ? expertTagNames(user.id) : [],
    answers: recentAnswers(user.id, 10),
    questions: memberQuestions(user.id, { pageSize: 10 }),
    timeline: reputationTimeline(user.id, { now }),
    reputation: reputationHistory(user.id, 15),
    badges: badgesForUser(user.id),
    moderation: memberModeration(context.user, user.id),
    now,
  }
}

/** A moderator suspends the member, or lifts their suspension (the profile's Moderation box). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const moderator = requireRole(context.user, request, 'moderator')
  const profile = `/users/${String(params.handle)}`
  return submitForm(await request.formData(), memberModerationSchema, (value) => {
    if (value.intent === 'suspend') suspendMember(moderator, value)
    else liftSuspension(moderator, value)
    return redirect(profile)
  })
}

export default function Profile() {
  const {
    user,
    isMe,
    counts,
    firstAnswerMedian,
    topTags,
    answersTags,
    answers,
    questions,
    timeline,
    reputation,
    badges,
    moderation,
    now,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <div className="profile-head">
        <Avatar handle={user.handle} name={user.displayName} size={96} />
        <div>
          <h1>
            {user.displayName} <UserBadges role={user.role} reputation={user.reputation} />
          </h1>
          <p className="muted">
            @{user.handle} · member <TimeAgo ms={user.createdAt} />
            {isMe ? (
              <>
                {' · '}
                <Link to={`/users/${user.handle}/edit`}>Edit profile</Link>
              </>
            ) : null}
          </p>
          {user.bio ? <p className="bio">{user.bio}</p> : null}
          <ul className="profile-stats" aria-label="Figures">
            <li className="profile-rep">
              <strong>{displayReputation(user.reputation).toLocaleString('en-US')}</strong>{' '}
              reputation
            </li>
            <li>
              <strong>{counts.answers}</strong> answers
            </li>
            <li>
              <strong>{counts.accepted}</strong> accepted
            </li>
            <li>
              <strong>{counts.official}</strong> official
            </li>
            <li>
              <strong>{counts.questions}</strong> questions
            </li>
            {firstAnswerMedian != null ? (
              <li>
                median first answer in <strong>{formatAnswerSpeed(firstAnswerMedian)}</strong>
              </li>
            ) : null}
          </ul>
          {topTags.length ? (
            <div>
              <span className="muted">Top tags: </span>
              <TagList tags={topTags.map((t) => t.tag)} />
            </div>
          ) : null}
          {answersTags.length ? (
            <div>
              <span className="muted">Answers questions in: </span>
              <TagList tags={answersTags} />
            </div>
          ) : null}
        </div>
      </div>

      {moderation ? (
        <MemberModeration
          userId={user.id}
          handle={user.handle}
          moderation={moderation}
          lastResult={actionData?.result}
        />
      ) : null}

      <section aria-labelledby="badges-title">
        <h2 id="badges-title">Badges</h2>
        {badges.length === 0 ? <p className="muted">No badges yet.</p> : null}
        <ul className="badge-row">
          {badges.map((b) => (
            <li key={b.slug}>
              <BadgeChip badge={b} /> <TimeAgo ms={b.awardedAt} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="rep-chart-title">
        <h2 id="rep-chart-title">Reputation</h2>
        <ReputationChart points={timeline} now={now} />
      </section>

      <div className="with-sidebar">
        <div>
          <section aria-labelledby="user-answers">
            <h2 id="user-answers">Recent answers</h2>
            {answers.length === 0 ? <p className="muted">No answers yet.</p> : null}
            <ul className="answer-list">
              {answers.map((a) => (
                <li key={a.id}>
                  <span className="score-chip" title="score">
                    {a.score}
                  </span>{' '}
                  <Link to={`/questions/${a.questionId}/${a.slug}#answer-${a.id}`}>{a.title}</Link>{' '}
                  {a.official ? <span className="badge badge-official">Official</span> : null}{' '}
                  {a.accepted ? <span className="badge badge-accepted">Accepted</span> : null}{' '}
                  <TimeAgo ms={a.createdAt} />
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="user-questions">
            <h2 id="user-questions">Questions</h2>
            <QuestionList questions={questions} empty="No questions yet." />
          </section>
        </div>
        <aside className="sidebar" aria-labelledby="user-rep">
          <h2 id="user-rep">Recent reputation</h2>
          {reputation.length === 0 ? <p className="muted">Nothing yet.</p> : null}
          <ul className="rep-list">
            {reputation.map((e) => (
              <li key={e.id}>
                <span className={e.amount >= 0 ? 'rep-plus' : 'rep-minus'}>
                  {e.amount >= 0 ? `+${e.amount}` : e.amount}
                </span>{' '}
                {REPUTATION_LABELS[e.kind]}
                {e.reversalOfId ? ' (undone)' : ''}
                {e.amount === 0 && !e.reversalOfId ? ' (daily cap reached)' : ''}
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </>
  )
}
