import { Badge, Card, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useViewer } from '../auth/useViewer';
import { LivePanel } from '../live/LivePanel';

export default function AccountPage() {
  const { viewer } = useViewer();
  if (!viewer) return null; // RequireViewer renders this page only for a signed-in user.

  return (
    <Container size="lg" px={0}>
      <Stack>
        <Title order={1} size="h2">
          Your account and live updates
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder component="section" aria-labelledby="viewer-title">
            <Stack gap="sm">
              <Title order={2} size="h4" id="viewer-title">
                Your account
              </Title>
              <dl style={{ margin: 0 }}>
                <Text component="dt" size="sm" c="dimmed">
                  Username
                </Text>
                <Text component="dd" m={0} mb="xs">
                  {viewer.username}
                </Text>
                <Text component="dt" size="sm" c="dimmed">
                  Roles
                </Text>
                <Text component="dd" m={0} mb="xs">
                  {viewer.roles.length > 0 || viewer.isStaff ? (
                    <Group component="span" gap={6}>
                      {viewer.roles.map((role) => (
                        <Badge key={role} variant="light">
                          {role}
                        </Badge>
                      ))}
                      {viewer.isStaff && (
                        <Badge variant="outline" color="gray">
                          staff
                        </Badge>
                      )}
                    </Group>
                  ) : (
                    <Text component="span" c="dimmed">
                      No roles assigned
                    </Text>
                  )}
                </Text>
                {viewer.client && (
                  <>
                    <Text component="dt" size="sm" c="dimmed">
                      Client
                    </Text>
                    <Text component="dd" m={0}>
                      {viewer.client.name} ({viewer.client.code})
                    </Text>
                  </>
                )}
              </dl>
            </Stack>
          </Card>
          <LivePanel />
        </SimpleGrid>
      </Stack>
    </Container>
  );
}
